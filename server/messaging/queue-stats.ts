import "server-only";
import { DEAD_LETTER_QUEUE, DELIVERY_QUEUE, getJobQueue } from "./queue";

export type QueueStats = { waiting: number; deadLetters: number } | null;

/** Deliveries waiting (queued or retrying) and those that failed for good; null when the queue cannot be read. */
export async function getQueueStats(): Promise<QueueStats> {
  try {
    const boss = await getJobQueue();
    const [waiting, deadLetters] = await Promise.all([boss.getQueueSize(DELIVERY_QUEUE), boss.getQueueSize(DEAD_LETTER_QUEUE)]);
    return { waiting, deadLetters };
  } catch {
    return null;
  }
}
