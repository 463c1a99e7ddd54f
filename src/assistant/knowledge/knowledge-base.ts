import { ShopmindError } from '../../core/errors.js';
import type { AssistantRepositories, KbEntry, KbEntryInput, KbEntryKind } from '../../store/assistant-repositories.js';
import type { KnowledgeDocument, KnowledgeRetriever } from '../retrieval/types.js';
import { toKnowledgeDocuments } from './knowledge-documents.js';
import { type KnowledgeFileBatch, readKnowledgeFiles } from './knowledge-import.js';
import { defaultRetrieverFactory, type RetrieverFactory } from './retriever-factory.js';

/** A retriever over one version of a shop's knowledge base. */
export interface KnowledgeSnapshot {
  version: number;
  documents: KnowledgeDocument[];
  retriever: KnowledgeRetriever;
  byId: Map<string, KnowledgeDocument>;
}

export interface KnowledgeImportResult {
  version: number;
  imported: number;
  faq: number;
  policies: number;
  errors: KnowledgeFileBatch['errors'];
  files: string[];
}

function entryNotFound(id: string): ShopmindError {
  return new ShopmindError(
    'KB_ENTRY_NOT_FOUND',
    { zh: `知识库条目 ${id} 不存在，可用 GET /v1/assistant/kb 查看全部条目`, en: `Knowledge-base entry ${id} not found; list entries with GET /v1/assistant/kb` },
    { id },
  );
}

/**
 * The shop's FAQ pairs and policy documents: editing (each change raises the
 * version) and a retriever rebuilt once per version and cached per shop.
 */
export class KnowledgeBase {
  private readonly snapshots = new Map<string, KnowledgeSnapshot>();
  /** Snapshots being built, so concurrent requests for one version build it once. */
  private readonly building = new Map<string, Promise<KnowledgeSnapshot>>();

  constructor(
    private readonly repositories: AssistantRepositories,
    private readonly retrieverFactory: RetrieverFactory = defaultRetrieverFactory,
  ) {}

  /** The retriever for the shop's current version; rebuilt only after a change. */
  async snapshot(shopId: string): Promise<KnowledgeSnapshot> {
    const version = await this.repositories.kb.currentVersion(shopId);
    const cached = this.snapshots.get(shopId);
    if (cached && cached.version === version) return cached;
    const key = `${shopId}\u0000${version}`;
    let pending = this.building.get(key);
    if (!pending) {
      pending = this.build(shopId, version).finally(() => this.building.delete(key));
      this.building.set(key, pending);
    }
    return pending;
  }

  private async build(shopId: string, version: number): Promise<KnowledgeSnapshot> {
    const documents = toKnowledgeDocuments(await this.repositories.kb.list(shopId));
    const snapshot: KnowledgeSnapshot = {
      version,
      documents,
      retriever: await this.retrieverFactory(documents),
      byId: new Map(documents.map((d) => [d.id, d])),
    };
    // A slower build of an older version must not replace a newer snapshot.
    const current = this.snapshots.get(shopId);
    if (!current || current.version <= version) this.snapshots.set(shopId, snapshot);
    return snapshot;
  }

  version(shopId: string): Promise<number> {
    return this.repositories.kb.currentVersion(shopId);
  }

  list(shopId: string, kind?: KbEntryKind): Promise<KbEntry[]> {
    return this.repositories.kb.list(shopId, kind);
  }

  async get(shopId: string, id: string): Promise<KbEntry> {
    const entry = await this.repositories.kb.get(shopId, id);
    if (!entry) throw entryNotFound(id);
    return entry;
  }

  async create(shopId: string, input: KbEntryInput): Promise<KbEntry> {
    const created = await this.repositories.kb.create(shopId, input);
    if (!created) {
      throw new ShopmindError(
        'KB_ENTRY_EXISTS',
        {
          zh: `知识库条目 ${input.id} 已存在，请用 PUT /v1/assistant/kb/{id} 修改它，或换一个 id`,
          en: `Knowledge-base entry ${input.id} already exists; change it with PUT /v1/assistant/kb/{id} or pick another id`,
        },
        { id: input.id },
      );
    }
    return created;
  }

  async update(shopId: string, id: string, patch: Partial<Omit<KbEntryInput, 'id' | 'kind'>>): Promise<KbEntry> {
    const updated = await this.repositories.kb.update(shopId, id, patch);
    if (!updated) throw entryNotFound(id);
    return updated;
  }

  async delete(shopId: string, id: string): Promise<{ version: number }> {
    const deleted = await this.repositories.kb.delete(shopId, id);
    if (!deleted) throw entryNotFound(id);
    return { version: await this.repositories.kb.currentVersion(shopId) };
  }

  /** Imports a FAQ file, a Markdown policy or a folder of policies as one change. */
  async importPath(shopId: string, target: string): Promise<KnowledgeImportResult> {
    const batch = readKnowledgeFiles(target);
    const { version } = await this.repositories.kb.importMany(shopId, batch.entries, target);
    return {
      version,
      imported: batch.entries.length,
      faq: batch.entries.filter((e) => e.kind === 'faq').length,
      policies: batch.entries.filter((e) => e.kind === 'policy').length,
      errors: batch.errors,
      files: batch.files,
    };
  }
}
