// "Join this workshop": offered only on a page served by `containerless workshop`. The probe is one small request,
// made after the page's own work; the panel's code loads only when a workshop answers.
import { probeWorkshop } from '../workshop/client/probe.ts';

class WorkshopPanelElement extends HTMLElement {
  connectedCallback() {
    // The facilitator's room view is not a place to join from.
    if (document.querySelector('room-view')) return;
    const start = () => void probeWorkshop(import.meta.env.BASE_URL).then(async (found) => {
      if (!found) return;
      const { mountPanel } = await import('../workshop/client/panel.ts');
      mountPanel(this, found);
    });
    if (document.readyState === 'complete') setTimeout(start, 0);
    else window.addEventListener('load', () => setTimeout(start, 0), { once: true });
  }
}
customElements.define('workshop-panel', WorkshopPanelElement);
