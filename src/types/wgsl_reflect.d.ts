// In Node the bare 'wgsl_reflect' import has no exports; its ES module file works in both hosts.
declare module 'wgsl_reflect/wgsl_reflect.module.js' {
  export * from 'wgsl_reflect';
}
