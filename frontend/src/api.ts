// REST calls with the access token, refreshed before it expires. The refresh token is kept in
// sessionStorage (this tab only); nothing is kept in URLs.
import type { ErrorBody, TokenResponse } from "./generated/protocol";

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
}

let session: Session | null = null;
let refreshing: Promise<void> | null = null;

function store(tokens: TokenResponse) {
  session = {
    access: tokens.access_token,
    refresh: tokens.refresh_token,
    expires: Date.now() + tokens.expires_in * 1000,
  };
  sessionStorage.setItem("warden.refresh", tokens.refresh_token);
}

async function asError(response: Response): Promise<ApiError> {
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
  const token = session?.refresh ?? sessionStorage.getItem("warden.refresh");
  if (!token) throw new ApiError(401, "unauthenticated", "log in");
  const response = await fetch("/api/v1/auth/refresh", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ refresh_token: token }),
  });
  if (!response.ok) {
    session = null;
    sessionStorage.removeItem("warden.refresh");
    throw await asError(response);
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
  return session !== null || sessionStorage.getItem("warden.refresh") !== null;
}

export function logout() {
  session = null;
  sessionStorage.removeItem("warden.refresh");
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const token = await accessToken();
  const response = await fetch(path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw await asError(response);
  const text = await response.text();
  return (text ? JSON.parse(text) : null) as T;
}
