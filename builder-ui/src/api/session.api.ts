import type { LoginRequest, LoginResponse, MeResponse, UiLocale, UpdateMeRequest } from '@crm/schemas';
import { apiRequest, isApiError, useCsrfToken } from './http.client.js';

/** /api/auth: sign-in, the current session, sign-out and the user's language. */

export async function login(request: LoginRequest): Promise<LoginResponse> {
  const answer = await apiRequest<LoginResponse>('POST', '/api/auth/login', request);
  useCsrfToken(answer.csrfToken);
  return answer;
}

/** The signed-in user, or null when there is no (valid) session. */
export async function fetchMe(): Promise<MeResponse | null> {
  try {
    const answer = await apiRequest<MeResponse>('GET', '/api/auth/me');
    useCsrfToken(answer.csrfToken);
    return answer;
  } catch (error: unknown) {
    if (isApiError(error) && error.status === 401) return null;
    throw error;
  }
}

export async function logout(): Promise<void> {
  await apiRequest<void>('POST', '/api/auth/logout');
  useCsrfToken(null);
}

export async function saveLocale(locale: UiLocale): Promise<MeResponse> {
  const body: UpdateMeRequest = { locale };
  return apiRequest<MeResponse>('PATCH', '/api/auth/me', body);
}
