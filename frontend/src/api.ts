// REST calls with the access token, refreshed before it expires. The refresh token is kept in
// sessionStorage (this tab only); nothing is kept in URLs. A session the server ended (logged out
// elsewhere, the user disabled, the refresh token refused) sends the app back to its login page
// through `onSessionEnded`, instead of errors in place.
import type { ErrorBody, Scope, TokenResponse } from "./generated/protocol";

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
  ) {
    super(message);
  }
}

interface Session {
  access: string;
  refresh: string;
  /** Epoch milliseconds when the access token expires. */
  expires: number;
  scopes: Scope[];
}

const REFRESH_KEY = "warden.refresh";
const SCOPES_KEY = "warden.scopes";

let session: Session | null = null;
let refreshing: Promise<void> | null = null;
let ended: (why: string) => void = () => {};

/** Called once per ended session with the reason to show on the login page. */
export function onSessionEnded(callback: (why: string) => void) {
  ended = callback;
}

function store(tokens: TokenResponse) {
  session = {
    access: tokens.access_token,
    refresh: tokens.refresh_token,
    expires: Date.now() + tokens.expires_in * 1000,
    scopes: tokens.scopes,
  };
  sessionStorage.setItem(REFRESH_KEY, tokens.refresh_token);
  sessionStorage.setItem(SCOPES_KEY, tokens.scopes.join(","));
}

function forget() {
  session = null;
  sessionStorage.removeItem(REFRESH_KEY);
  sessionStorage.removeItem(SCOPES_KEY);
}

/** The session ended on the server: forget it and tell the app (once). */
export function sessionEnded(why: string) {
  if (!loggedIn()) return;
  forget();
  ended(why);
}

export async function asError(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as ErrorBody;
    return new ApiError(response.status, body.error.code, body.error.message);
  } catch {
    return new ApiError(response.status, "unknown", `HTTP ${response.status}`);
  }
}

export async function login(username: string, password: string): Promise<void> {
  const response = await fetch("/api/v1/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw await asError(response);
  store((await response.json()) as TokenResponse);
}

async function refresh(): Promise<void> {
  const token = session?.refresh ?? sessionStorage.getItem(REFRESH_KEY);
  if (!token) throw new ApiError(401, "unauthenticated", "log in");
  let response: Response;
  try {
    response = await fetch("/api/v1/auth/refresh", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ refresh_token: token }),
    });
  } catch {
    throw new ApiError(0, "unreachable", "Warden does not answer; check the connection");
  }
  if (!response.ok) {
    const error = await asError(response);
    if (response.status === 401) sessionEnded(error.message);
    throw error;
  }
  store((await response.json()) as TokenResponse);
}

/** A valid access token, refreshed a minute before expiry. */
export async function accessToken(): Promise<string> {
  if (!session || session.expires - Date.now() < 60_000) {
    refreshing ??= refresh().finally(() => (refreshing = null));
    await refreshing;
  }
  if (!session) throw new ApiError(401, "unauthenticated", "log in");
  return session.access;
}

export function loggedIn(): boolean {
  return session !== null || sessionStorage.getItem(REFRESH_KEY) !== null;
}

/** What this session may do (admin implies every scope). */
export function can(scope: Scope): boolean {
  const scopes = session?.scopes ?? (sessionStorage.getItem(SCOPES_KEY) ?? "").split(",");
  return scopes.includes("admin") || scopes.includes(scope);
}

/**
 * Ends the session here, then on the server (its refresh token stops working). Forgotten here
 * first, so that a page's read due while the server ends it is never sent with the ending
 * session's token (the server would refuse it, and the app take the refusal for a session
 * ended elsewhere).
 */
export async function logout(): Promise<void> {
  let token: string | null = session && session.expires > Date.now() ? session.access : null;
  try {
    token ??= await accessToken();
  } catch {
    // Already ended, or the server is away: forgetting the tokens here is what is left to do.
  }
  forget();
  if (token === null) return;
  try {
    await fetch("/api/v1/auth/logout", { method: "POST", headers: { authorization: `Bearer ${token}` } });
  } catch {
    // The server is away: the session ends there when its tokens expire.
  }
}

/** How long to wait before the one retry of a read the network dropped, in milliseconds. */
const READ_RETRY_MS = 400;

/**
 * One request. A read (GET) the network dropped before any answer (the browser's connection
 * changed: Wi-Fi roaming, a VPN, a new interface on the machine) is tried once more, since it
 * changes nothing; a write is never repeated, since it may have reached the server.
 */
async function send(method: string, path: string, body?: unknown): Promise<Response> {
  const token = await accessToken();
  const attempt = () =>
    fetch(path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  let response: Response;
  try {
    response = await attempt().catch(async (error: unknown) => {
      if (method !== "GET") throw error;
      await new Promise((resolve) => setTimeout(resolve, READ_RETRY_MS));
      return attempt();
    });
  } catch {
    throw new ApiError(0, "unreachable", "Warden does not answer; check the connection");
  }
  if (!response.ok) {
    const error = await asError(response);
    // The access token was fine a moment ago: the session ended on the server.
    if (response.status === 401) sessionEnded(error.message);
    throw error;
  }
  return response;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await send(method, path, body);
  const text = await response.text();
  return (text ? JSON.parse(text) : null) as T;
}

/** Downloads a file the API answers (an export) under its own name, without a token in a URL. */
export async function download(path: string, name: string): Promise<void> {
  const blob = await (await send("GET", path)).blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** An error's message for people. */
export function message(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
