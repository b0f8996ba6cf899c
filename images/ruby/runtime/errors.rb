# frozen_string_literal: true

# Error documents in the shape Lambda's Ruby runtime reports them:
# {"errorMessage", "errorType": "<Phase><ExceptionClass>", "stackTrace": [...]}.
module LsimRuby
  module Errors
    # Exception classes whose name Lambda passes through in Lambda-Runtime-Function-Error-Type;
    # any other class is reported there as Function<UserException> (the body keeps the real class).
    PASSTHROUGH = %w[ArgumentError NoMethodError Exception StandardError NameError LoadError
                     SystemExit SystemStackError].freeze
    RUNTIME_DIR = File.expand_path(__dir__)

    # phase: 'Function' for invoke errors, 'Init' for init errors.
    class Report
      attr_reader :phase, :error

      def initialize(error, phase)
        @error = error
        @phase = phase
      end

      def error_type
        "#{phase}<#{error.class}>"
      end

      def header_type
        PASSTHROUGH.include?(error.class.to_s) ? error_type : 'Function<UserException>'
      end

      def stack_trace
        lines = []
        (error.backtrace_locations || error.backtrace || []).first(100).each do |loc|
          text = loc.to_s
          break if text.start_with?(RUNTIME_DIR) # the runtime's own frames end the user trace
          lines << text
        end
        lines
      end

      def document
        { 'errorMessage' => error.message.to_s, 'errorType' => error_type, 'stackTrace' => stack_trace }
      end
    end
  end
end
