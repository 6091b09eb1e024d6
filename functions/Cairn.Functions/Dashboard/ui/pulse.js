// The pulse in the browser: negotiate with the Bearer header, then a WebSocket to the URL it returns (a short-lived
// access token, never the API key), speaking json.webpubsub.azure.v1 as on Azure Web PubSub.
import { api } from './api.js';

export function connectPulse(onEvent, onState) {
  let socket;
  let closed = false;
  let retry = 1000;
  async function open() {
    try {
      const { url } = await api('/pulse/negotiate');
      if (closed) return;
      socket = new WebSocket(url, 'json.webpubsub.azure.v1');
      socket.onmessage = (e) => {
        const frame = JSON.parse(e.data);
        if (frame.type === 'system' && frame.event === 'connected') { retry = 1000; onState('live'); }
        if (frame.type === 'message' && frame.data) onEvent(frame.data);
      };
      socket.onclose = () => { onState('offline'); schedule(); };
    } catch {
      onState('offline');
      schedule();
    }
  }
  function schedule() {
    if (closed) return;
    setTimeout(open, retry);
    retry = Math.min(retry * 2, 30000);
  }
  open();
  return () => { closed = true; socket?.close(); };
}
