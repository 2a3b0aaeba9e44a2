/**
 * Chinese text puts a space between Chinese and Latin letters or digits ("读了 4 个"), never
 * inside code spans (test/zhTypography.ts rule 3): the generators add it, so their templates
 * stay readable.
 */
export function spaceZh(text: string): string {
  return text
    .split('`')
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part
            .replace(/([\u3400-\u4dbf\u4e00-\u9fff])([A-Za-z0-9])/g, '$1 $2')
            .replace(/([A-Za-z0-9])([\u3400-\u4dbf\u4e00-\u9fff])/g, '$1 $2'),
    )
    .join('`')
}
