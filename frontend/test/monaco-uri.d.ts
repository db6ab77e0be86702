// Monaco's URI class ships without its own declarations under this path; the tests compare the
// workspace URI helpers with it.
declare module 'monaco-editor/base/common/uri' {
  interface MonacoUri {
    readonly path: string;
    toString(skipEncoding?: boolean): string;
  }
  export const URI: {
    from(components: { scheme: string; path: string }): MonacoUri;
    parse(value: string): MonacoUri;
  };
}
