/*
 * Our components. The app imports naive-ui only through these (lint enforces it), so the kit can be
 * swapped or restyled in one folder.
 */
export { default as CrmAlert } from './CrmAlert.vue';
export { default as CrmButton } from './CrmButton.vue';
export { default as CrmDialog } from './CrmDialog.vue';
export { default as CrmDrawer } from './CrmDrawer.vue';
export { default as CrmFormField } from './CrmFormField.vue';
export { default as CrmInput } from './CrmInput.vue';
export { default as CrmPage } from './CrmPage.vue';
export { default as CrmProvider } from './CrmProvider.vue';
export { default as CrmSelect } from './CrmSelect.vue';
export { default as CrmMultiSelect } from './CrmMultiSelect.vue';
export { default as CrmNumberInput } from './CrmNumberInput.vue';
export { default as CrmSwitch } from './CrmSwitch.vue';
export { default as CrmTextarea } from './CrmTextarea.vue';
