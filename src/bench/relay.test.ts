import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { spawnRelay, type LocalServer } from './processes.js';

let relay: LocalServer;
beforeAll(async () => {
  relay = await spawnRelay();
}, 30_000);
afterAll(() => relay.stop());

function open(query: string): Promise<{ ws: WebSocket; frames: string[] }> {
  const ws = new WebSocket(`${relay.httpBase.replace(/^http/, 'ws')}/ws?${query}`);
  const frames: string[] = [];
  ws.on('message', (data: Buffer) => frames.push(data.toString('utf8')));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, frames }));
    ws.once('error', reject);
  });
}

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
};

describe('the reference relay', () => {
  it('forwards a chat frame to its receiver and a group frame to the other members of that group only', async () => {
    const [a, b, c, outsider] = await Promise.all([open('uid=1&gid=7'), open('uid=2&gid=7'), open('uid=3&gid=7'), open('uid=4&gid=8')]);
    const chat = JSON.stringify({ action: 'message.chat', data: { to: 2, content: 'hi' } });
    const post = JSON.stringify({ action: 'message.group', data: { to: 7, content: 'all' } });
    a.ws.send(chat);
    a.ws.send(post);
    b.ws.send(JSON.stringify({ action: 'ack.group.msg', data: { gid: 7, mid: 1, seq: 1 } }));
    await until(() => b.frames.length === 2 && c.frames.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(b.frames).toEqual([chat, post]);
    expect(c.frames).toEqual([post]);
    expect(a.frames).toEqual([]);
    expect(outsider.frames).toEqual([]);
    for (const peer of [a, b, c, outsider]) peer.ws.close();
  });
});
