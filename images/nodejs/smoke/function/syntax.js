exports.handler = async () => {
  return { unbalanced: true ;
};
