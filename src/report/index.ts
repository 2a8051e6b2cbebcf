// The report layer's public API for plans (drift renderers live beside them in drift-*.ts).

export { MARKDOWN_LIMIT } from './markdown.js';
export { renderPlanBaselineMarkdown, renderPlanBaselineText } from './plan-baseline.js';
export { renderPlanJson } from './plan-json.js';
export { type PlanMarkdownOptions, renderPlanMarkdown } from './plan-markdown.js';
export { problemLine, problemsHeading } from './plan-problems.js';
export { NO_CHANGES, type PlanTextOptions, renderPlanText } from './plan-text.js';
export type { GroupBy, PlanView } from './plan-view.js';
export { createStyle, type Style } from './style.js';
