/*
 * Triggers: the words a file must contain for a rule (or a fact) to possibly fire on it.
 *
 * Parsing a Python file costs far more than reading it, and most rules look for constructs
 * most files never mention (`torch.load`, `trust_remote_code`, a tracker's module). Each
 * Python rule declares its triggers; the engine scans a file's identifiers once, against
 * every trigger of every rule, and parses only files that some rule or fact may fire on.
 *
 * A trigger condition, in its canonical string form, is alternatives separated by '|', each
 * a conjunction of terms separated by '&', each term one atom or a group of atoms separated
 * by ',' of which any will do:  "load|loads|backward&step|except:,Exception&torch,pandas".
 * An atom is an identifier, matched against the identifiers of the file's code (the scan
 * knows Python's strings and comments; an f-string's words count as code too):
 *   name        the identifier itself (case-sensitive)
 *   name*       identifiers starting with name     (wildcards: case-insensitive)
 *   *name       identifiers ending with name
 *   *name*      identifiers containing name
 *   def:ATOM    the same, for the name a `def` statement introduces (a function)
 *   text:ATOM   the same, in strings and comments as well as code ("/home/..." paths,
 *               route strings, markers)
 *   name:       the identifier followed by a colon (`except:`, a bare handler)
 *   name(       the identifier followed by '(' outside a def: a call (`forward(`)
 * Sound triggers name something every match of the rule must contain: for a call resolved
 * through imports, the last part of its name (an alias still imports it by that name).
 */
#ifndef MLR_RULES_TRIGGERS_H
#define MLR_RULES_TRIGGERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Checks one atom's syntax; false with *why set to a static message when it is invalid. */
bool mlr_trigger_atom_valid(const char *atom, size_t len, const char **why);

typedef struct mlr_trigger_set mlr_trigger_set;

/* A condition that always holds: what a rule without triggers gets. */
#define MLR_TRIGGER_ALWAYS UINT32_MAX

int mlr_trigger_set_new(mlr_trigger_set **out);
void mlr_trigger_set_delete(mlr_trigger_set *set);

/* Adds a condition in canonical form (NULL or "" add nothing: *id is MLR_TRIGGER_ALWAYS).
 * MLR_ERULE for a malformed string, MLR_ENOMEM. */
int mlr_trigger_set_add(mlr_trigger_set *set, const char *triggers, uint32_t *id);

/* Words of the bit set mlr_trigger_scan fills: one bit per distinct atom. */
size_t mlr_trigger_set_words(const mlr_trigger_set *set);

/* Marks in seen (mlr_trigger_set_words zeroed words) every atom the text contains. */
void mlr_trigger_scan(const mlr_trigger_set *set, const char *data, size_t len, uint64_t *seen);

/* Whether condition id holds for what a scan saw. */
bool mlr_trigger_holds(const mlr_trigger_set *set, uint32_t id, const uint64_t *seen);

#endif
