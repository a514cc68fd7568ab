import { RecordError } from '../store/record-error.js';
import { generateUserId } from './credential-format.js';
import type { IdentityStore, User } from './identity-store.js';
import type { IdentityServiceParts } from './identity-service-parts.js';

/** An account's users: its main user (made with the account) and its sub-users, whom policies allow actions. */
export class UserService {
  readonly #store: IdentityStore;
  readonly #now: () => Date;

  constructor(parts: Pick<IdentityServiceParts, 'store' | 'now'>) {
    this.#store = parts.store;
    this.#now = parts.now;
  }

  async createUser(accountId: string, userName: string): Promise<User> {
    const name = userName.trim();
    if (!/^[A-Za-z0-9._@-]{1,64}$/.test(name)) {
      throw new RecordError('invalid', 'a user name is 1 to 64 letters, digits or . _ @ -', 'userName');
    }
    return this.#store.insertUser({
      accountId,
      userName: name,
      drawUserId: generateUserId,
      createdAt: this.#now().toISOString(),
    });
  }

  async getUser(userId: string): Promise<User | undefined> {
    return this.#store.findUser(userId);
  }

  /** An account's users, main user first. */
  async listUsers(accountId: string): Promise<User[]> {
    return this.#store.listUsers(accountId);
  }
}
