/** The three service forms: schemas, field catalogue, labels, messages and validation. */
export * from './common-fields.js';
export * from './dialling-address.js';
export * from './event-times.js';
export * from './event-title.js';
export * from './field-catalogue.js';
export * from './field-spec.js';
export * from './form-labels.js';
export * from './form-messages.js';
export * from './locale.js';
export * from './netconference-form.js';
export * from './service-forms.js';
export * from './teleconference-form.js';
export * from './validate-form.js';
export * from './videoconference-form.js';
