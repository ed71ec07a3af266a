// Where a learner pastes the code `containerless verify` prints: the steps it proves are marked "verified on your
// machine". The saved progress (and the code's decoder with it) loads on the first submit, not with the page.
import { part } from '../client/dom.ts';
import { verifyMessage } from '../progress/summary.ts';
import type { CheckedStep } from '../progress/verify-code.ts';

class VerifyCodeForm extends HTMLElement {
  connectedCallback() {
    const catalog = JSON.parse(this.dataset['catalog'] ?? '[]') as CheckedStep[];
    const input = part<HTMLInputElement>(this, 'input', 'verify-code-form');
    const status = part(this, '.verify-status', 'verify-code-form');
    part(this, 'form', 'verify-code-form').addEventListener('submit', async (event) => {
      event.preventDefault();
      const { pageProgress } = await import('../progress/page.ts');
      const result = pageProgress().importVerifyCode(input.value, catalog);
      status.textContent = verifyMessage(result);
      status.toggleAttribute('data-error', typeof result === 'string');
    });
  }
}
if (!customElements.get('verify-code-form')) customElements.define('verify-code-form', VerifyCodeForm);
