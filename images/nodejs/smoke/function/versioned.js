// nodejs/node20/node_modules is searched only on nodejs20.x.
exports.handler = async () => {
  try {
    return { found: require('lsim-smoke-versioned').found };
  } catch (err) {
    return { found: false, code: err.code };
  }
};
