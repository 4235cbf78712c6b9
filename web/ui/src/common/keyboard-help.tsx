/** The keyboard shortcuts, one list for the whole dashboard. */
import { Modal } from './modal.tsx';

const KEYS: [string, string][] = [
  ['1 2 3 4', 'Traffic, Maps, Scripts, Recordings'],
  ['/', 'Focus the KFL filter (Traffic)'],
  ['Enter / Esc', 'Apply the filter / undo the edit'],
  ['↑ ↓  j k', 'Move through the traffic table'],
  ['PageUp PageDown Home End', 'Jump in the traffic table'],
  ['p', 'Pause or resume (Traffic, Maps)'],
  ['f / r', 'Fit / re-layout the map'],
  ['+ −', 'Zoom the map'],
  ['Esc', 'Close the detail, clear map focus or selection'],
  ['Ctrl-S', 'Save the script (hot reload)'],
  ['Ctrl-Z / Ctrl-Shift-Z', 'Undo / redo in the editor'],
  ['Ctrl-Space', 'Complete script API names'],
  ['?', 'This list'],
];

export function KeyboardHelp({ onClose }: { onClose: () => void }) {
  return (
    <Modal title="Keyboard shortcuts" onClose={onClose}>
      <table class="kv keys">
        <tbody>
          {KEYS.map(([k, what]) => (
            <tr key={k}>
              <th>
                <kbd>{k}</kbd>
              </th>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="form-actions">
        <button class="btn" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
