# frozen_string_literal: true

require 'logger'

module LsimRuby
  # Lambda's text format for a Logger writing to stdout/stderr:
  # "I, [2024-01-02T03:04:05.123456 #8]  INFO <request id> -- : message"
  class LogFormatter < Logger::Formatter
    def call(severity, time, progname, msg)
      line = format('%<s>s, [%<t>s #%<p>d] %<sev>5s %<id>s -- %<prog>s: %<msg>s',
                    s: severity[0, 1], t: time.strftime('%Y-%m-%dT%H:%M:%S.%6N'), p: Process.pid,
                    sev: severity, id: LsimRuby.request_id, prog: progname, msg: msg2str(msg))
      "#{line.encode('UTF-8', invalid: :replace, undef: :replace)}\n"
    end
  end

  # Applied to every Logger created on $stdout/$stderr, as Lambda's runtime does.
  module LoggerDefaults
    def initialize(logdev, *args, **kwargs)
      super
      @default_formatter = LsimRuby::LogFormatter.new if [$stdout, $stderr, STDOUT, STDERR].include?(logdev)
    end
  end

  class << self
    attr_accessor :request_id
  end
end

Logger.prepend(LsimRuby::LoggerDefaults)
