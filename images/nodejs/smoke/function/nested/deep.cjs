exports.handlers = { inner: { run: async (event) => ({ nested: true, event }) } };
