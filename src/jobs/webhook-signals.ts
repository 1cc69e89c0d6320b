// An in-process nudge from the code that records webhook events to this process's delivery workers, so the first
// delivery does not wait for the next poll. It only shortens the wait: the poll alone finds every due delivery, on
// every node, including events recorded by other processes.
import { EventEmitter } from 'node:events';

class WebhookSignals extends EventEmitter {
  /**
   * Called when a transaction wrote deliveries. The transaction has not committed yet, so listeners look a moment
   * later rather than at once.
   */
  recorded(): void {
    this.emit('recorded');
  }
}

export const webhookSignals = new WebhookSignals();
webhookSignals.setMaxListeners(0);
