/** Stylesheets are bundled by esbuild into assets/app.css (imported for their side effect). */
declare module '*.css';
