// Placeholder until the native build lands: never fail the install.
console.log('tfjs-backend-libtorch: native addon not built (work in progress)');
