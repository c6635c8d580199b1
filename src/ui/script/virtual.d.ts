/** The URL of the engine's declarations for Monaco, a JSON asset (scripts/engineTypes.ts). */
declare module "virtual:engine-types" {
  const url: string;
  export default url;
}
