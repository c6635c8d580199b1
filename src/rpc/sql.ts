// Facts about SQL text that both sides of the RPC need: the page greys out what the service would refuse.

/** EXPLAIN takes one statement, and COPY … FROM '/dev/blob' needs its blob. */
export function explainable(sql: string): boolean {
  const body = sql.trim().replace(/;$/, "");
  return !/^copy\b/i.test(body) && !body.includes(";");
}
