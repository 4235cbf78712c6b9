/**
 * Asks for the dashboard token once: `wirehook start` prints it (and a URL with
 * `#token=`). Without it the dashboard is read-only: no live stream, no changes.
 */
import { useState } from 'preact/hooks';
import { getToken, setToken } from '../api/token.ts';
import { Modal } from './modal.tsx';

export function TokenDialog({ onClose }: { onClose: () => void }) {
  const [value, setValue] = useState(getToken() ?? '');
  return (
    <Modal title="Dashboard token" onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setToken(value);
          onClose();
        }}
      >
        <p class="small">
          Live traffic and every change (scripts, jobs, recordings) need the token <code>wirehook start</code> printed (also kept in <code>&lt;data dir&gt;/token</code>). It is
          remembered in this browser.
        </p>
        <input class="mono token-input" type="password" autocomplete="off" aria-label="Token" value={value} onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)} placeholder="paste the token" />
        <div class="form-actions">
          <button class="btn btn-primary" type="submit" disabled={!value.trim()}>
            Use token
          </button>
          <button class="btn" type="button" onClick={onClose}>
            Continue read-only
          </button>
          {getToken() ? (
            <button
              class="btn btn-danger"
              type="button"
              onClick={() => {
                setToken(null);
                onClose();
              }}
            >
              Forget token
            </button>
          ) : null}
        </div>
      </form>
    </Modal>
  );
}
