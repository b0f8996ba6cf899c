require 'not_a_real_gem'

def handler(event:, context:)
  'unreachable'
end
