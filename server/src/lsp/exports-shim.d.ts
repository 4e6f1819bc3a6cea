/**
 * The vscode-languageserver family (v11) publishes its entry points only through package.json
 * `exports`, which TypeScript's `moduleResolution: "node"` (node10) ignores. These ambient modules point
 * the subpath imports at the same declaration files. Node and esbuild resolve `exports` themselves, so
 * nothing changes at run time.
 * DELETE THIS FILE when tsconfig.json switches to `"module": "node16", "moduleResolution": "node16"`
 * (the whole project compiles with those), since the deep paths below are not exported under node16.
 */
declare module 'vscode-jsonrpc' {
  export * from 'vscode-jsonrpc/lib/common/api';
}
declare module 'vscode-jsonrpc/node' {
  export * from 'vscode-jsonrpc/lib/node/main';
}
declare module 'vscode-languageserver-protocol' {
  export * from 'vscode-languageserver-protocol/lib/common/api';
}
declare module 'vscode-languageserver-protocol/node' {
  export * from 'vscode-languageserver-protocol/lib/node/main';
}
declare module 'vscode-languageserver/node' {
  export * from 'vscode-languageserver/lib/node/main';
}
declare module 'vscode-languageclient/node' {
  export * from 'vscode-languageclient/lib/node/main';
}
