import { commandText } from './command-text.ts';

// Wires the copy buttons the build put beside each code block (src/integrations/code-copy.ts).

export function wireCodeCopy(root: ParentNode = document): void {
  for (const button of root.querySelectorAll<HTMLButtonElement>('.code-block > button.code-copy')) {
    const block = button.parentElement as HTMLElement;
    const pre = block.querySelector('pre');
    if (!pre) continue;
    const language = block.dataset['language'];
    const label = language && /^(bash|sh|shell|console|zsh)$/.test(language) ? 'Copy the command' : 'Copy the code';
    button.setAttribute('aria-label', label);
    button.hidden = false;
    button.addEventListener('click', async () => {
      const text = commandText(pre.textContent ?? '', language);
      try {
        await navigator.clipboard.writeText(text);
        button.textContent = 'Copied';
      } catch {
        // Clipboard blocked: select the block so Ctrl+C works.
        getSelection()?.selectAllChildren(pre);
        button.textContent = 'Selected: press Ctrl+C';
      }
      setTimeout(() => (button.textContent = 'Copy'), 2000);
    });
  }
}
