require 'logger'

# success: gem from GEM_PATH (/opt/ruby/gems/3.3.0), lib from RUBYLIB (/opt/ruby/lib), context fields
def handler(event:, context:)
  puts "plain puts line"
  Logger.new($stdout).info('logger line')
  require 'smokegem'
  require 'smokelib'
  {
    'gem' => Smokegem.hello, 'lib' => Smokelib.hello, 'event' => event,
    'requestId' => context.aws_request_id, 'functionName' => context.function_name,
    'memory' => context.memory_limit_in_mb, 'remainingPositive' => context.get_remaining_time_in_millis.positive?,
    'trace' => ENV['_X_AMZN_TRACE_ID']
  }
end

# thrown error: Function<RuntimeError>
def boom(event:, context:)
  raise 'smoke boom'
end

# what GEM_PATH / RUBYLIB hide: reports LoadError messages instead of raising
def probe(event:, context:)
  %w[smokegem smokelib].to_h do |name|
    begin
      require name
      [name, 'found']
    rescue LoadError => e
      [name, e.message]
    end
  end.merge('GEM_PATH' => ENV['GEM_PATH'], 'RUBYLIB' => ENV['RUBYLIB'])
end

module Smoke
  class Handler
    def self.process(event:, context:)
      { 'class_method' => true, 'version' => context.function_version }
    end
  end
end
