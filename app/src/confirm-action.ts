// Asks before an action that cannot be undone: a native modal <dialog> (the page behind it is inert, Escape cancels,
// focus returns on close) labelled by its heading and described by what the action does.
import { button, h } from './dom.js';

let dialogCount = 0;

/** Resolves true on the confirming button only; "Cancel" and Escape resolve false. */
export function confirmAction(options: { title: string; text: string; confirm: string }): Promise<boolean> {
  const id = `confirm-action-${++dialogCount}`;
  const dialog = h(
    'dialog',
    { 'aria-labelledby': `${id}-title`, 'aria-describedby': `${id}-text` },
    h('h2', { id: `${id}-title` }, options.title),
    h('p', { id: `${id}-text` }, options.text),
  );
  document.body.append(dialog);
  return new Promise((resolve) => {
    let confirmed = false;
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(confirmed);
    });
    const confirm = button(options.confirm, () => {
      confirmed = true;
      dialog.close();
    });
    const cancel = button('Cancel', () => dialog.close());
    dialog.append(h('p', {}, confirm, ' ', cancel));
    dialog.showModal();
    // The safe choice has the focus, so an Enter pressed out of habit does not confirm.
    cancel.focus();
  });
}
