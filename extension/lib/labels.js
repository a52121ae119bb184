// @ts-check
/** Message keys for the metrics, so views can name them without building keys at run time. */
import { i18nKey } from "./i18n.js";

export const SHORT_LABEL_KEYS = Object.freeze({
  overall: i18nKey("label_overall"),
  professional_brand: i18nKey("pillar_short_professional_brand"),
  find_right_people: i18nKey("pillar_short_find_right_people"),
  engage_with_insights: i18nKey("pillar_short_engage_with_insights"),
  build_relationships: i18nKey("pillar_short_build_relationships"),
});

export const LONG_LABEL_KEYS = Object.freeze({
  overall: i18nKey("label_overall"),
  professional_brand: i18nKey("pillar_professional_brand"),
  find_right_people: i18nKey("pillar_find_right_people"),
  engage_with_insights: i18nKey("pillar_engage_with_insights"),
  build_relationships: i18nKey("pillar_build_relationships"),
});

/** The companion connection states the service worker reports, as the user reads them. */
export const CONNECTION_KEYS = Object.freeze({
  unknown: i18nKey("connection_checking"),
  ok: i18nKey("connection_ok"),
  unreachable: i18nKey("connection_unreachable"),
  not_paired: i18nKey("connection_not_paired"),
  unauthorized: i18nKey("connection_unauthorized"),
  forbidden: i18nKey("connection_forbidden"),
  error: i18nKey("connection_error"),
});
