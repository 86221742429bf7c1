// The chat page's service worker: shows Glide's push notifications while no tab is open.
// The payload is {title, body, tag, badge, conversation}; one tag per conversation replaces the last.
self.addEventListener('push', (event) => {
  let note = { title: 'Glide', body: '', tag: 'glide' };
  try {
    note = { ...note, ...event.data.json() };
  } catch {
    // A push without a JSON payload still says something arrived.
  }
  event.waitUntil(self.registration.showNotification(note.title, { body: note.body, tag: note.tag, data: { conversation: note.conversation ?? '' } }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((tabs) => (tabs.length > 0 ? tabs[0].focus() : self.clients.openWindow('./'))),
  );
});
