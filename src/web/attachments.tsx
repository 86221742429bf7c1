import { useEffect, useState } from 'preact/hooks';
import { fileMessage, readFileMessage, type FileContent, type GlideClient, type UploadedFile } from '../client/index.js';
import type { ChatStore, Conversation, UiMessage } from './chat-store.js';

/** Links are asked for again this long before they expire. */
const LINK_MARGIN_SEC = 60;

/** Signed links per file id, shared by every bubble showing the file, renewed when they are about to expire. */
class FileLinks {
  private readonly links = new Map<string, Promise<UploadedFile>>();

  constructor(private readonly client: GlideClient) {}

  get(id: string): Promise<UploadedFile> {
    const cached = this.links.get(id);
    const fresh = cached?.then((link) => link.expiresAt - LINK_MARGIN_SEC > Date.now() / 1000);
    const ask = () => {
      const asked = this.client.files.link(id);
      this.links.set(id, asked);
      asked.catch(() => this.links.delete(id));
      return asked;
    };
    if (!cached || !fresh) return ask();
    return fresh.then((isFresh) => (isFresh ? cached : ask()), ask);
  }
}

const linksByClient = new WeakMap<GlideClient, FileLinks>();

function linksOf(client: GlideClient): FileLinks {
  let links = linksByClient.get(client);
  if (!links) linksByClient.set(client, (links = new FileLinks(client)));
  return links;
}

/** Uploads each file, then sends it as an image, audio, video or file message. */
export async function sendFiles(store: ChatStore, conversation: Conversation, files: Iterable<File>): Promise<void> {
  for (const file of files) {
    try {
      const uploaded = await store.client!.files.upload(file, file.name || 'pasted');
      const { type, content } = fileMessage(uploaded);
      await store.send(conversation, content, type);
    } catch (err) {
      store.notice = `Upload failed: ${err instanceof Error ? err.message : String(err)}`;
      store.notify();
    }
  }
}

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The content of a file message: a thumbnail that opens the image, or a download link. Other messages: undefined. */
export function fileContentOf(message: UiMessage): FileContent | undefined {
  return readFileMessage(message);
}

/** One line for the contact list: a file message by what it holds, not its JSON. */
export function previewOf(message: Pick<UiMessage, 'type' | 'content'>): string {
  const file = readFileMessage(message);
  if (!file) return message.content;
  return file.thumbUrl ? 'Photo' : `File: ${file.name}`;
}

export function FileView(props: { store: ChatStore; file: FileContent }) {
  const { store, file } = props;
  const [link, setLink] = useState<UploadedFile | undefined>(undefined);
  useEffect(() => {
    let isLive = true;
    if (store.client) void linksOf(store.client).get(file.id).then((got) => isLive && setLink(got), () => undefined);
    return () => {
      isLive = false;
    };
  }, [file.id]);
  if (file.thumbUrl) {
    const box = file.width && file.height ? scaled(file.width, file.height) : { width: 160, height: 160 };
    return (
      <a href={link?.signedUrl} target="_blank" rel="noopener" class="file-image" data-testid="file-image">
        {link?.signedThumbUrl ? <img src={link.signedThumbUrl} alt={file.name} width={box.width} height={box.height} data-testid="file-thumb" /> : <span class="file-placeholder" style={{ width: `${box.width}px`, height: `${box.height}px` }} />}
      </a>
    );
  }
  return (
    <a href={link?.signedUrl} download={file.name} class="file-link" data-testid="file-link">
      <PaperClip /> {file.name} <span class="muted">({sizeText(file.size)})</span>
    </a>
  );
}

/** Fits the picture in 240 × 240 on the page, keeping its shape. */
function scaled(width: number, height: number): { width: number; height: number } {
  const factor = Math.min(1, 240 / Math.max(width, height));
  return { width: Math.round(width * factor), height: Math.round(height * factor) };
}

/** Drawn, not an emoji: the icon must not depend on the fonts a machine has. */
export function PaperClip() {
  return (
    <svg class="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
      <path d="M21 11.5l-8.5 8.5a5 5 0 0 1-7-7L14 4.5a3.5 3.5 0 0 1 5 5L10.5 18a2 2 0 0 1-3-3l8-8" />
    </svg>
  );
}
