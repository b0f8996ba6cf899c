// CommonJS, callback style: require() finds the layer package through NODE_PATH natively.
const { source } = require('lsim-smoke-layer');

exports.handler = (event, context, callback) => {
  console.warn('warned');
  setTimeout(() => callback(null, { source, waited: true }), 10);
};
