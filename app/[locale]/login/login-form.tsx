"use client";

import { useActionState } from "react";
import { loginAction } from "./actions";
import type { LoginState } from "./schemas";

export type LoginFormText = {
  email: string;
  password: string;
  submit: string;
  pending: string;
  errors: Record<NonNullable<LoginState["error"]>, string>;
};

/** Text comes from the server page, so no message catalogue has to be shipped to the browser. */
export function LoginForm({ callbackUrl, text }: { callbackUrl?: string; text: LoginFormText }) {
  const [state, action, pending] = useActionState<LoginState, FormData>(loginAction, { error: null, email: "" });
  return (
    <form action={action} className="form" noValidate>
      {callbackUrl && <input type="hidden" name="callbackUrl" value={callbackUrl} />}
      {state.error && (
        <p role="alert" className="form-error" id="login-error">
          {state.message ?? text.errors[state.error]}
        </p>
      )}
      <div className="field">
        <label htmlFor="email">{text.email}</label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          defaultValue={state.email}
          aria-describedby={state.error ? "login-error" : undefined}
        />
      </div>
      <div className="field">
        <label htmlFor="password">{text.password}</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      <button type="submit" disabled={pending} aria-disabled={pending}>
        {pending ? text.pending : text.submit}
      </button>
    </form>
  );
}
