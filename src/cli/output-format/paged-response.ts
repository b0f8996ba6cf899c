/**
 * A paginated command's result as the aws CLI sees it (botocore's PageIterator): the pages as the API
 * returned them (the first and last trimmed by `--starting-token` / `--max-items`), and the resume
 * token when items remain. JSON, YAML and table print the merged result; text and yaml-stream print
 * page by page (awscli/formatter.py).
 */
export class PagedResponse {
  constructor(
    readonly resultKey: string,
    readonly pages: readonly Readonly<Record<string, unknown>>[],
    readonly resumeToken: string | undefined,
  ) {}

  /** botocore's build_full_result: every page's items under the result key, then `NextToken`. */
  fullResult(): Record<string, unknown> {
    const items = this.pages.flatMap((page) => {
      const list = page[this.resultKey];
      return Array.isArray(list) ? (list as unknown[]) : [];
    });
    return this.resumeToken === undefined ? { [this.resultKey]: items } : { [this.resultKey]: items, NextToken: this.resumeToken };
  }
}
