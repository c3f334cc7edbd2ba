/**
 * The few words the generator itself writes on structure pages (pagination, breadcrumbs),
 * in the website's language; English when the language is not listed.
 */

/** Words for structure pages. */
export interface StructureLabels {
  previous: string;
  next: string;
  pagination: string;
  breadcrumb: string;
  categories: string;
  empty: string;
  /** "Page 2" for the pagination links' accessible names. */
  page: (n: number) => string;
}

const LABELS: Record<string, StructureLabels> = {
  en: {
    previous: "Previous",
    next: "Next",
    pagination: "Pagination",
    breadcrumb: "Breadcrumb",
    categories: "Categories",
    empty: "No posts yet.",
    page: (n) => `Page ${n}`,
  },
  nl: {
    previous: "Vorige",
    next: "Volgende",
    pagination: "Paginering",
    breadcrumb: "Kruimelpad",
    categories: "Categorieën",
    empty: "Nog geen berichten.",
    page: (n) => `Pagina ${n}`,
  },
  de: {
    previous: "Zurück",
    next: "Weiter",
    pagination: "Seitennavigation",
    breadcrumb: "Brotkrumen",
    categories: "Kategorien",
    empty: "Noch keine Beiträge.",
    page: (n) => `Seite ${n}`,
  },
  fr: {
    previous: "Précédent",
    next: "Suivant",
    pagination: "Pagination",
    breadcrumb: "Fil d’Ariane",
    categories: "Catégories",
    empty: "Aucun article pour le moment.",
    page: (n) => `Page ${n}`,
  },
};

/** Labels for a BCP 47 language tag (`nl-BE` → Dutch). */
export function structureLabels(language: string): StructureLabels {
  return LABELS[language.slice(0, 2).toLowerCase()] ?? (LABELS.en as StructureLabels);
}
