import { onBeforeUnmount, ref, type Ref } from 'vue';

/** Whether the screen is phone-narrow (lists become cards there); follows rotation and resizing. */
export function useNarrowScreen(maxWidth = 700): Ref<boolean> {
  const query = typeof window === 'undefined' || !window.matchMedia ? null : window.matchMedia(`(max-width: ${maxWidth}px)`);
  const narrow = ref(query?.matches ?? false);
  const update = (event: MediaQueryListEvent) => {
    narrow.value = event.matches;
  };
  query?.addEventListener('change', update);
  onBeforeUnmount(() => query?.removeEventListener('change', update));
  return narrow;
}
