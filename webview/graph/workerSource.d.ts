/** `import source from './x.ts?worker'`: x bundled on its own by build.mjs, its code as a string. */
declare module '*?worker' {
  const source: string;
  export default source;
}
