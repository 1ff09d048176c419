// A text field for a number (epochs, learning rate) committed on change (blur or Enter), so the store is
// not written at every keystroke. It is uncontrolled: the state's value is written into it only when it
// changed and the user is not typing there, so progress updates never overwrite what the user types.
import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';

export interface NumberFieldProps {
  id: string;
  testId: string;
  label: string;
  /** The value in the state. */
  value: number;
  disabled: boolean;
  inputMode: 'numeric' | 'decimal';
  title: string;
  inputRef: RefObject<HTMLInputElement>;
  errorId: string;
  /** The error shown under the field, or null. */
  error: string | null;
  /** The native change event: the user committed what they typed. */
  onCommit(): void;
  /** Every keystroke (an error showing follows the typing, so it goes away once the value is fixed). */
  onType(): void;
  /** The state's value was written into the field (any error about the old text is gone). */
  onShown(): void;
}

export function NumberField(props: NumberFieldProps) {
  const { id, testId, label, value, disabled, inputMode, title, inputRef, errorId, error } = props;
  const shown = useRef<number | null>(null);
  const latest = useRef(props);
  latest.current = props;
  useLayoutEffect(() => {
    const input = inputRef.current;
    if (!input || value === shown.current || input.ownerDocument.activeElement === input) return;
    input.value = String(value);
    shown.current = value;
    latest.current.onShown();
  });
  useEffect(() => {
    // React's onChange fires at every keystroke; the commit is the DOM's own change event.
    const input = inputRef.current;
    const commit = () => latest.current.onCommit();
    input?.addEventListener('change', commit);
    return () => input?.removeEventListener('change', commit);
  }, [inputRef]);
  return (
    <div className="seglens-field">
      <label htmlFor={id}>{label}</label>
      <input
        ref={inputRef}
        type="text"
        id={id}
        data-testid={testId}
        aria-describedby={errorId}
        aria-invalid={error !== null}
        spellCheck={false}
        autoComplete="off"
        inputMode={inputMode}
        title={title}
        disabled={disabled}
        onChange={() => latest.current.onType()}
      />
    </div>
  );
}

/** The error line of a field (outside the field row, so it can take the panel's whole width). */
export function FieldError({ id, testId, error }: { id: string; testId: string; error: string | null }) {
  return (
    <div id={id} className="seglens-error" role="alert" data-testid={testId} hidden={error === null}>
      {error ?? ''}
    </div>
  );
}
