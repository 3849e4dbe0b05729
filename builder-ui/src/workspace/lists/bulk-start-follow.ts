import { onBeforeUnmount, ref, type Ref } from 'vue';
import type { RunProgress } from '@crm/schemas';
import { fetchRunProgress } from '../../api/processes.api.js';
import { FOLLOW_BULK_EVERY_MS, FOLLOW_BULK_MS, progressSettled } from '../../domain/bulk-start-progress.rules.js';

/*
 * Follows the runs of one bulk start: asks how they are going until all have stopped or
 * FOLLOW_BULK_MS pass (then `gaveUp`: the rest go on, on the records' timelines). A new start, a
 * closed notice or leaving the page stops the previous following; a failed ask stops it quietly,
 * keeping the last answer (the notice still says what was started).
 */

export interface BulkStartFollow {
  progress: Ref<RunProgress | null>;
  gaveUp: Ref<boolean>;
  follow(process: string, runIds: readonly string[]): Promise<void>;
  stop(): void;
}

export function useBulkStartFollow(): BulkStartFollow {
  const progress = ref<RunProgress | null>(null);
  const gaveUp = ref(false);
  let generation = 0;

  function stop(): void {
    generation += 1;
  }

  async function follow(process: string, runIds: readonly string[]): Promise<void> {
    stop();
    const mine = generation;
    progress.value = null;
    gaveUp.value = false;
    if (runIds.length === 0) return;
    const deadline = Date.now() + FOLLOW_BULK_MS;
    while (mine === generation) {
      let answer: RunProgress;
      try {
        answer = await fetchRunProgress(process, runIds);
      } catch {
        return;
      }
      if (mine !== generation) return;
      progress.value = answer;
      if (progressSettled(answer)) return;
      if (Date.now() >= deadline) {
        gaveUp.value = true;
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, FOLLOW_BULK_EVERY_MS));
    }
  }

  onBeforeUnmount(stop);
  return { progress, gaveUp, follow, stop };
}
