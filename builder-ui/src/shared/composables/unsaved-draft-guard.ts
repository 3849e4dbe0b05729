import { onBeforeUnmount, onMounted } from 'vue';
import { onBeforeRouteLeave } from 'vue-router';
import { useDefinitionDraftStore } from '../../stores/definition-draft.store.js';

/*
 * No edit of the draft is lost by leaving the builder inside the autosave delay: leaving for the
 * workspace (another document) waits for the save; a reload, another address or a closed tab sends
 * the edit as the page goes, and asks the person to stay only when that cannot be done (a draft too
 * large for a request that outlives the page). Used once, by the builder's shell.
 */
export function useUnsavedDraftGuard(): void {
  const draft = useDefinitionDraftStore();

  function onBeforeUnload(event: BeforeUnloadEvent): void {
    if (draft.saveOnLeave()) return;
    event.preventDefault();
    // Older browsers show the prompt only when returnValue is set.
    event.returnValue = '';
  }

  function onPageHide(): void {
    draft.saveOnLeave();
  }

  onMounted(() => {
    window.addEventListener('beforeunload', onBeforeUnload);
    window.addEventListener('pagehide', onPageHide);
  });
  onBeforeUnmount(() => {
    window.removeEventListener('beforeunload', onBeforeUnload);
    window.removeEventListener('pagehide', onPageHide);
  });
  onBeforeRouteLeave(async () => {
    if (draft.unsaved) await draft.save();
    return true;
  });
}
