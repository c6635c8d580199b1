import { useState } from "react";

type Props = { value: string; onChange?: (value: string) => void; className: string; testId: string };

/** Text that turns into an input on click (Enter or leaving keeps it, Esc drops it); read-only without onChange. */
export function EditableText({ value, onChange, className, testId }: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  if (!onChange)
    return (
      <div className={className} data-testid={testId}>
        {value}
      </div>
    );
  if (draft === null)
    return (
      <button
        className={`${className} editable`}
        data-testid={testId}
        title="Click to edit (empty: back to the title made from the query)"
        onClick={() => setDraft(value)}
      >
        {value}
      </button>
    );
  const commit = () => {
    onChange(draft.trim());
    setDraft(null);
  };
  return (
    <input
      className={`${className} editing`}
      data-testid={`${testId}-input`}
      aria-label={testId.replace("chart-", "Chart ")}
      autoFocus
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === "Enter") commit();
        if (e.key === "Escape") setDraft(null);
      }}
    />
  );
}
