// An ES module importing a package from a layer: stock Node would not search NODE_PATH here,
// Lambda's nodejs18.x and later runtimes (and lsim's) do.
import { greet } from 'greeter';

export const handler = async (event) => ({ message: greet(event.name ?? 'world') });
