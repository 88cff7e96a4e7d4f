// A local stand-in for the Telegram Bot API, so grammY's real client (pointed at it with
// `apiRoot`) can be tested without the network: it answers the methods Corridor calls the way
// Telegram does, records every call, and fails the next sendMessage calls on request (429 with
// retry_after, 403 blocked, 400 chat not found).
//
// In process: `const api = await startTelegramStandIn(); … api.calls … await api.close()`.
// From another process (Playwright specs): GET /__calls, POST /__reset, POST /__fail {kind, n}.
// Command line: `tsx tests/stand-ins/telegram-bot-api.ts [port]` (prints its URL).
//
// Chats it knows, besides any given in options.chats, by the shape of the username:
//   @admin_…     a channel where the bot is an administrator allowed to post
//   @readonly_…  a channel where the bot is an administrator NOT allowed to post
//   @member_…    a channel where the bot is not an administrator
//   @group_…     a group (not a channel)
// Their numeric ids ("-100…") are derived from the username and are found by getChat too.
import crypto from "node:crypto";
import http from "node:http";
import { readBody } from "./read-body";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";

/** `status`: the HTTP status the stand-in answered with (200 for a message accepted). */
export type StandInCall = { method: string; params: Record<string, unknown>; at: string; status?: number };

export type FailureKind = "429" | "403" | "400";

export type StandInChat = {
  id: number;
  type: "channel" | "supergroup" | "group" | "private";
  title: string;
  username?: string;
  /** The bot's membership: its status and, for administrators, whether it may post. */
  bot: { status: "creator" | "administrator" | "member" | "left" | "kicked"; canPost?: boolean };
};

export type TelegramStandInOptions = {
  port?: number;
  host?: string;
  /** Answer only this token (others get 401); any token when not given. */
  token?: string;
  chats?: StandInChat[];
  /**
   * Enforce Telegram's flood limits on sendMessage as Telegram does, with 429 and `retry_after`:
   * at most `perSecond` messages in any one second in all (30 for a bot), and one message a
   * second to any one chat. Off when not given (each test decides its own failures).
   */
  limits?: { perSecond: number };
};

export type TelegramStandIn = {
  /** The apiRoot to give grammY (no trailing slash). */
  url: string;
  /** Every Bot API call, oldest first (control calls are not recorded). */
  readonly calls: StandInCall[];
  reset(): void;
  /** The next `n` sendMessage calls fail with this error. */
  failNext(kind: FailureKind, n?: number): void;
  /** sendMessage calls refused by `limits` (429), since the start or the last reset. */
  readonly limited: number;
  close(): Promise<void>;
};

const FAILURES: Record<FailureKind, { error_code: number; description: string; parameters?: Record<string, unknown> }> = {
  "429": { error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } },
  "403": { error_code: 403, description: "Forbidden: bot was blocked by the user" },
  "400": { error_code: 400, description: "Bad Request: chat not found" },
};

const BOT_USERNAME = "corridor_test_bot";
const BODY_LIMIT = 1024 * 1024;

export async function startTelegramStandIn(options: TelegramStandInOptions = {}): Promise<TelegramStandIn> {
  const calls: StandInCall[] = [];
  const failures: FailureKind[] = [];
  const given = options.chats ?? [];
  let messageId = 0;
  /** Numeric ids of the chats found by username so far, so getChat(-100…) finds them again. */
  const known = new Map<string, string>();
  /** Instants of the messages accepted within the last second, oldest first; and each chat's last. */
  const acceptedAt: number[] = [];
  const chatLastAt = new Map<string, number>();
  let limited = 0;

  /** Seconds to wait (Telegram's retry_after, whole seconds, at least 1), or 0 when the message may go. */
  function floodWait(chatId: string, now: number): number {
    const perSecond = options.limits?.perSecond;
    if (!perSecond) return 0;
    while (acceptedAt.length > 0 && acceptedAt[0]! <= now - 1000) acceptedAt.shift();
    const chatFree = (chatLastAt.get(chatId) ?? -Infinity) + 1000;
    const botFree = acceptedAt.length >= perSecond ? acceptedAt[acceptedAt.length - perSecond]! + 1000 : -Infinity;
    const free = Math.max(chatFree, botFree);
    if (free <= now) {
      acceptedAt.push(now);
      chatLastAt.set(chatId, now);
      return 0;
    }
    limited++;
    return Math.max(1, Math.ceil((free - now) / 1000));
  }

  function findChat(ref: unknown): StandInChat | null {
    const key = String(ref ?? "").trim();
    const byGiven = given.find((c) => String(c.id) === key || (c.username && `@${c.username}`.toLowerCase() === key.toLowerCase()));
    if (byGiven) return byGiven;
    const username = key.startsWith("@") ? key.slice(1) : (known.get(key) ?? null);
    if (!username) return null;
    const chat = chatByShape(username);
    if (chat) known.set(String(chat.id), username);
    return chat;
  }

  function answer(method: string, params: Record<string, unknown>, botId: number): { status: number; body: unknown } {
    const ok = (result: unknown) => ({ status: 200, body: { ok: true, result } });
    const fail = (error_code: number, description: string, parameters?: Record<string, unknown>) => ({
      status: error_code,
      body: { ok: false, error_code, description, ...(parameters ? { parameters } : {}) },
    });
    switch (method) {
      case "getMe":
        return ok({ id: botId, is_bot: true, first_name: "Corridor (test)", username: BOT_USERNAME, can_join_groups: false, can_read_all_group_messages: false, supports_inline_queries: false });
      case "sendMessage": {
        const failure = failures.shift();
        if (failure) {
          const f = FAILURES[failure];
          return fail(f.error_code, f.description, f.parameters);
        }
        if (params.chat_id === undefined || params.chat_id === "") return fail(400, "Bad Request: chat_id is empty");
        if (typeof params.text !== "string" || params.text.trim() === "") return fail(400, "Bad Request: message text is empty");
        if (params.text.length > 4096) return fail(400, "Bad Request: message is too long");
        const wait = floodWait(String(params.chat_id), Date.now());
        if (wait > 0) return fail(429, `Too Many Requests: retry after ${wait}`, { retry_after: wait });
        const chat = findChat(params.chat_id);
        return ok({
          message_id: ++messageId,
          date: Math.floor(Date.now() / 1000),
          chat: chat ? { id: chat.id, type: chat.type, title: chat.title } : { id: Number(params.chat_id), type: "private" },
          text: params.text,
        });
      }
      case "answerCallbackQuery":
      case "setWebhook":
      case "deleteWebhook":
        return ok(true);
      case "getWebhookInfo":
        return ok({ url: "", has_custom_certificate: false, pending_update_count: 0 });
      case "getChat": {
        const chat = findChat(params.chat_id);
        if (!chat) return fail(400, "Bad Request: chat not found");
        return ok({ id: chat.id, type: chat.type, title: chat.title, ...(chat.username ? { username: chat.username } : {}) });
      }
      case "getChatMember": {
        const chat = findChat(params.chat_id);
        if (!chat) return fail(400, "Bad Request: chat not found");
        const user = { id: Number(params.user_id), is_bot: Number(params.user_id) === botId, first_name: "Member" };
        if (Number(params.user_id) !== botId) return fail(400, "Bad Request: user not found");
        const { status, canPost } = chat.bot;
        if (status === "administrator") {
          return ok({ status, user, can_be_edited: false, is_anonymous: false, can_manage_chat: true, can_delete_messages: false, can_manage_video_chats: false, can_restrict_members: false, can_promote_members: false, can_change_info: false, can_invite_users: false, can_post_stories: false, can_edit_stories: false, can_delete_stories: false, can_post_messages: canPost ?? false, can_edit_messages: canPost ?? false });
        }
        return ok({ status, user });
      }
      default:
        return fail(404, "Not Found: method not found");
    }
  }

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: false, error_code: 500, description: `stand-in: ${(error as Error).message}` }));
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? "/", "http://stand-in.invalid");
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === "/__calls" && req.method === "GET") {
      const method = url.searchParams.get("method");
      return send(200, method ? calls.filter((c) => c.method === method) : calls);
    }
    if (url.pathname === "/__reset" && req.method === "POST") {
      await readBody(req, BODY_LIMIT);
      api.reset();
      return send(200, { ok: true });
    }
    if (url.pathname === "/__fail" && req.method === "POST") {
      const body = parseBody(req.headers["content-type"], await readBody(req, BODY_LIMIT)) as { kind?: unknown; n?: unknown };
      const kind = String(body.kind ?? "");
      if (!(kind in FAILURES)) return send(400, { ok: false, description: `kind must be one of ${Object.keys(FAILURES).join(", ")}` });
      api.failNext(kind as FailureKind, Number(body.n ?? 1) || 1);
      return send(200, { ok: true });
    }
    const match = /^\/bot(\d+):([A-Za-z0-9_-]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!match) return send(404, { ok: false, error_code: 404, description: "Not Found" });
    const [, id, secret, method] = match as unknown as [string, string, string, string];
    if (options.token && options.token !== `${id}:${secret}`) return send(401, { ok: false, error_code: 401, description: "Unauthorized" });
    const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
    Object.assign(params, parseBody(req.headers["content-type"], await readBody(req, BODY_LIMIT)));
    const call: StandInCall = { method, params, at: new Date().toISOString() };
    calls.push(call);
    const { status, body } = answer(method, params, Number(id));
    call.status = status;
    send(status, body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;

  const api: TelegramStandIn = {
    url: `http://${options.host ?? "127.0.0.1"}:${address.port}`,
    calls,
    reset() {
      calls.length = 0;
      failures.length = 0;
      acceptedAt.length = 0;
      chatLastAt.clear();
      limited = 0;
    },
    get limited() {
      return limited;
    },
    failNext(kind, n = 1) {
      for (let i = 0; i < n; i++) failures.push(kind);
    },
    close() {
      // grammY keeps connections alive: close them, or close() waits for them.
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return api;
}

function chatByShape(username: string): StandInChat | null {
  const shape = /^(admin|readonly|member|group)_[A-Za-z0-9_]{1,60}$/.exec(username)?.[1];
  if (!shape) return null;
  // A stable "-100…" id per username, as Telegram gives channels and supergroups.
  const digits = BigInt(`0x${crypto.createHash("sha256").update(username.toLowerCase()).digest("hex").slice(0, 12)}`) % 10_000_000_000n;
  const id = -Number(1_000_000_000_000n + digits);
  const title = `Test ${username}`;
  if (shape === "group") return { id, type: "supergroup", title, username, bot: { status: "administrator", canPost: true } };
  if (shape === "member") return { id, type: "channel", title, username, bot: { status: "member" } };
  return { id, type: "channel", title, username, bot: { status: "administrator", canPost: shape === "admin" } };
}


/** JSON, form-encoded or multipart (grammY uses it only for uploads) bodies, as a flat object. */
function parseBody(contentType: string | undefined, body: string): Record<string, unknown> {
  if (!body) return {};
  const type = (contentType ?? "").toLowerCase();
  if (type.startsWith("application/x-www-form-urlencoded")) {
    return Object.fromEntries(Object.entries(Object.fromEntries(new URLSearchParams(body))).map(([k, v]) => [k, parseValue(v)]));
  }
  if (type.startsWith("multipart/form-data")) {
    const boundary = /boundary=("?)([^";]+)\1/.exec(contentType ?? "")?.[2];
    const out: Record<string, unknown> = {};
    if (!boundary) return out;
    for (const part of body.split(`--${boundary}`)) {
      const name = /name="([^"]+)"/.exec(part)?.[1];
      const split = part.indexOf("\r\n\r\n");
      if (!name || split < 0 || /filename="/.test(part.slice(0, split))) continue;
      out[name] = parseValue(part.slice(split + 4).replace(/\r\n$/, ""));
    }
    return out;
  }
  const parsed: unknown = JSON.parse(body);
  return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
}

/** Form fields carry JSON for objects (reply_markup) and numbers as text, as Telegram reads them. */
function parseValue(value: string): unknown {
  if (/^[[{]/.test(value)) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

// Command line: start it and keep it running until stopped.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = Number(process.argv[2] ?? process.env.TELEGRAM_STAND_IN_PORT ?? 0);
  const standIn = await startTelegramStandIn({ port });
  console.log(`telegram stand-in: ${standIn.url}`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void standIn.close().finally(() => process.exit(0)));
}
