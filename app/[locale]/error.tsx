"use client";

import { useParams } from "next/navigation";

// Shown when a page cannot be rendered, in practice because the database cannot be reached. It is
// a client component outside the message provider, so its few words are here in each language.
// The public response cache (server/public-cache) never stores a page marked data-corridor-error.
const TEXT = {
  uk: { title: "Тимчасово недоступно", body: "Сервіс зараз не може отримати дані. Нічого з надісланого не збережено. Спробуйте ще раз за хвилину.", retry: "Спробувати ще раз" },
  ru: { title: "Временно недоступно", body: "Сервис сейчас не может получить данные. Ничего из отправленного не сохранено. Попробуйте ещё раз через минуту.", retry: "Попробовать ещё раз" },
  en: { title: "Temporarily unavailable", body: "The service cannot reach its data right now. Nothing you sent was saved. Try again in a minute.", retry: "Try again" },
} as const;

export default function PageError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const { locale } = useParams<{ locale: string }>();
  const text = TEXT[(locale as keyof typeof TEXT) in TEXT ? (locale as keyof typeof TEXT) : "uk"];
  return (
    <main id="main" data-corridor-error="">
      <h1>{text.title}</h1>
      <p>{text.body}</p>
      <p>
        <button type="button" onClick={reset}>
          {text.retry}
        </button>
      </p>
    </main>
  );
}
