import type { ObjectDirective } from 'vue';
import { scrollCue } from '../../domain/scroll-cue.rules.js';

/*
 * `v-scroll-cues` on a horizontal scroller keeps `data-scroll-more` ('none', 'before', 'after',
 * 'both') up to date as it scrolls, resizes or gains and loses children; app.css fades the sides
 * that hide more. CSS alone cannot tell where a scroller stands, and a fade painted as a
 * background sits under the cards it should fade.
 */

interface Watching {
  update: () => void;
  resize: ResizeObserver;
  children: MutationObserver;
}

const watching = new WeakMap<HTMLElement, Watching>();

export const vScrollCues: ObjectDirective<HTMLElement> = {
  mounted(el) {
    const update = (): void => {
      const cue = scrollCue(el);
      if (el.dataset.scrollMore !== cue) el.dataset.scrollMore = cue;
    };
    const resize = new ResizeObserver(update);
    resize.observe(el);
    // A column or stage added or removed changes the scroll width without resizing the scroller.
    const children = new MutationObserver(update);
    children.observe(el, { childList: true });
    el.addEventListener('scroll', update, { passive: true });
    watching.set(el, { update, resize, children });
    update();
  },
  updated(el) {
    watching.get(el)?.update();
  },
  unmounted(el) {
    const w = watching.get(el);
    if (!w) return;
    el.removeEventListener('scroll', w.update);
    w.resize.disconnect();
    w.children.disconnect();
    watching.delete(el);
  },
};
