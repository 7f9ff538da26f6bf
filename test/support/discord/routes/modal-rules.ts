// What Discord checks in a modal (interaction callback type 9), after its docs ("Interaction Response
// Structure", "Component Reference": Modal, Label, Text Input): a title of 1–45 characters, a custom_id
// of 1–100, 1–5 top-level components; a label's text 1–45 and description up to 100; a text input's
// custom_id 1–100, min/max_length 0–4000 (max ≥ 1) and a prefilled value no longer than its max_length
// nor 4,000. Lengths are counted in code points, as Discord's API does (its Python counts characters,
// so 🎸 is one).
import { invalidForm } from '../errors.js';
import type { Json } from '../http.js';

const MAX_TITLE = 45;
const MAX_CUSTOM_ID = 100;
const MAX_COMPONENTS = 5;
const MAX_LABEL = 45;
const MAX_LABEL_DESCRIPTION = 100;
const MAX_INPUT_LENGTH = 4000;
const LABEL = 18;
const ACTION_ROW = 1;
const TEXT_INPUT = 4;

const length = (text: string): number => [...text].length;

function within(path: string, value: unknown, min: number, max: number, required = true): void {
  if (value === undefined || value === null) {
    if (required) throw invalidForm(path, { code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
    return;
  }
  const n = length(String(value));
  if (n < min || n > max) {
    throw invalidForm(path, {
      code: 'BASE_TYPE_BAD_LENGTH',
      message: `Must be between ${min} and ${max} in length.`,
    });
  }
}

function textInput(path: string, input: Json): void {
  within(`${path}.custom_id`, input.custom_id, 1, MAX_CUSTOM_ID);
  const maxLength = input.max_length === undefined ? MAX_INPUT_LENGTH : Number(input.max_length);
  if (!(maxLength >= 1 && maxLength <= MAX_INPUT_LENGTH)) {
    throw invalidForm(`${path}.max_length`, {
      code: 'NUMBER_TYPE_MAX',
      message: `int value should be between 1 and ${MAX_INPUT_LENGTH}.`,
    });
  }
  within(`${path}.value`, input.value, 0, Math.min(maxLength, MAX_INPUT_LENGTH), false);
}

/** Throws Discord's Invalid Form Body for a modal it would refuse. */
export function validateModal(data: Json): void {
  within('data.title', data.title, 1, MAX_TITLE);
  within('data.custom_id', data.custom_id, 1, MAX_CUSTOM_ID);
  const components = (data.components as Json[] | undefined) ?? [];
  if (components.length < 1 || components.length > MAX_COMPONENTS) {
    throw invalidForm('data.components', {
      code: 'BASE_TYPE_BAD_LENGTH',
      message: `Must be between 1 and ${MAX_COMPONENTS} in length.`,
    });
  }
  components.forEach((component, i) => {
    const path = `data.components.${i}`;
    if (component.type === LABEL) {
      within(`${path}.label`, component.label, 1, MAX_LABEL);
      within(`${path}.description`, component.description, 0, MAX_LABEL_DESCRIPTION, false);
      const inner = component.component as Json | undefined;
      if (inner?.type === TEXT_INPUT) textInput(`${path}.component`, inner);
    } else if (component.type === ACTION_ROW) {
      ((component.components as Json[] | undefined) ?? []).forEach((inner, j) => {
        if (inner.type === TEXT_INPUT) {
          within(`${path}.components.${j}.label`, inner.label, 1, MAX_LABEL, false);
          textInput(`${path}.components.${j}`, inner);
        }
      });
    }
  });
}
