/** Small form controls used across pages: segmented choice and labelled switch. */

export interface Choice<T extends string> {
  value: T;
  label: string;
  title?: string;
}

export function Segmented<T extends string>(p: { label: string; value: T; choices: Choice<T>[]; onChange: (v: T) => void; testId?: string }) {
  return (
    <div class="segmented" role="radiogroup" aria-label={p.label} data-testid={p.testId}>
      {p.choices.map((c) => (
        <button
          key={c.value}
          role="radio"
          aria-checked={c.value === p.value}
          class={c.value === p.value ? 'seg on' : 'seg'}
          title={c.title}
          data-value={c.value}
          onClick={() => p.onChange(c.value)}
        >
          {c.label}
        </button>
      ))}
    </div>
  );
}

export function Switch(p: { label: string; checked: boolean; onChange: (v: boolean) => void; title?: string; testId?: string }) {
  return (
    <label class="switch" title={p.title}>
      <input type="checkbox" checked={p.checked} data-testid={p.testId} onChange={(e) => p.onChange((e.currentTarget as HTMLInputElement).checked)} />
      <span class="switch-track" aria-hidden="true" />
      <span>{p.label}</span>
    </label>
  );
}
