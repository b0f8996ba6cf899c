import type { ListFilter, PublishLayerVersionRequest } from './api-types.js';
import { ARCHITECTURES, ACCEPTED_RUNTIMES, LEGACY_RUNTIMES } from './runtimes.js';
import { formatList, ValidationErrors } from './validation.js';

/**
 * PublishLayerVersion's runtime and architecture checks, reported together as Lambda does
 * (docs/lambda-facts.md#error-messages); the decoder (shapes/) has checked the other members.
 */
export function validatePublish(request: PublishLayerVersionRequest, errors: ValidationErrors): void {
  const runtimes = request.CompatibleRuntimes;
  if (runtimes !== undefined) {
    const shown = formatList(runtimes);
    if (runtimes.length > 15) errors.add('compatibleRuntimes', shown, 'Member must have length less than or equal to 15');
    // Accepts the legacy set but names only the current runtimes (docs/lambda-facts.md#runtime-identifiers).
    if (runtimes.some((runtime) => !LEGACY_RUNTIMES.includes(runtime))) {
      errors.add('compatibleRuntimes', shown, `Member must satisfy enum value set: ${formatList(ACCEPTED_RUNTIMES)}`);
    }
  }
  const architectures = request.CompatibleArchitectures;
  if (architectures !== undefined) {
    const shown = formatList(architectures);
    if (architectures.length > 2) errors.add('compatibleArchitectures', shown, 'Member must have length less than or equal to 2');
    if (architectures.some((architecture) => !ARCHITECTURES.includes(architecture))) {
      errors.add(
        'compatibleArchitectures',
        shown,
        `Member must satisfy constraint: [Member must satisfy enum value set: ${formatList(ARCHITECTURES)}, Member must not be null]`,
      );
    }
  }
}

/** The CompatibleRuntime / CompatibleArchitecture filters of the list operations. */
export function validateListFilter(filter: ListFilter): void {
  const errors = new ValidationErrors();
  const { CompatibleRuntime: runtime, CompatibleArchitecture: architecture } = filter;
  if (runtime !== undefined && !LEGACY_RUNTIMES.includes(runtime)) {
    errors.add('compatibleRuntime', runtime, `Member must satisfy enum value set: ${formatList(LEGACY_RUNTIMES)}`);
  }
  if (architecture !== undefined && !ARCHITECTURES.includes(architecture)) {
    errors.add('compatibleArchitecture', architecture, `Member must satisfy enum value set: ${formatList(ARCHITECTURES)}`);
  }
  errors.throwIfAny();
}
