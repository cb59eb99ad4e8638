/* params_meta.c: what `save` writes besides the parameters, and `load`
 * restores: the input Z1, its label y (as `Z1 = [...];` and `y = [...];`,
 * MATLAB lines like the parameters) and the settings that change the pass
 * (a comment line `% settings: rule 6, activation relu, pool max, loss
 * mse`, which MATLAB and Octave skip). A file without them (an older
 * bpstep's, or written by hand) loads the parameters only.
 * Must not: print or exit; files go through the host. */
#include "cmd_internal.h"
#include "values.h"

#include <stdio.h>
#include <string.h>

static const char SETTINGS[] = "% settings:";

void params_meta_write(const Net *net, StrBuf *sb)
{
    const NetSpec *s = &net->spec;
    sb_printf(sb, "%% the input Z1, its label y and the settings: 'load' restores them with the parameters\n");
    sb_printf(sb, "%s rule %d", SETTINGS, net->rule == RULE_EQ5 ? 5 : 6);
    if (!s->per_layer) { /* an ONNX model's activations are its own, not a setting */
        sb_printf(sb, ", activation %s", act_name(s->act));
    }
    sb_printf(sb, ", pool %s, loss %s\n", s->pool_mode == POOL_MAX ? "max" : "avg", s->loss == LOSS_CE ? "ce" : "mse");
}

/* One "KEY VALUE" of the settings line at p (n bytes) into ps; -1 with d
 * saying which (its column is where the item starts). */
static int settings_item(const char *p, size_t n, ParamSettings *ps, Diag *d)
{
    char item[64];
    snprintf(item, sizeof item, "%.*s", (int)(n < 63 ? n : 63), p);
    char key[32] = "", value[32] = "";
    if (sscanf(item, " %31s %31s", key, value) != 2) {
        snprintf(d->msg, sizeof d->msg, "settings: '%s' is not KEY VALUE (rule 6, activation relu, pool max, loss mse)",
                 item);
        return -1;
    }
    if (strcmp(key, "rule") == 0 && (strcmp(value, "5") == 0 || strcmp(value, "6") == 0)) {
        ps->rule = value[0] == '5' ? RULE_EQ5 : RULE_EQ6;
    } else if (strcmp(key, "activation") == 0 && act_parse(value, &ps->act) == 0) {
        ps->has_act = true;
    } else if (strcmp(key, "pool") == 0 && (strcmp(value, "max") == 0 || strcmp(value, "avg") == 0)) {
        ps->pool = value[0] == 'm' ? POOL_MAX : POOL_AVG;
        ps->has_pool = true;
    } else if (strcmp(key, "loss") == 0 && (strcmp(value, "mse") == 0 || strcmp(value, "ce") == 0)) {
        ps->loss = value[0] == 'c' ? LOSS_CE : LOSS_MSE;
        ps->has_loss = true;
    } else {
        snprintf(d->msg, sizeof d->msg, "settings: '%s %s' is not a setting bpstep knows (rule 5|6, activation "
                 "relu|leaky|tanh|sigmoid, pool max|avg, loss mse|ce)", key, value);
        return -1;
    }
    return 0;
}

int params_meta_settings(const char *text, ParamSettings *ps, Diag *d)
{
    memset(ps, 0, sizeof *ps);
    int line = 1;
    for (const char *p = text; *p != '\0'; line++) {
        size_t n = strcspn(p, "\n");
        if (n >= sizeof SETTINGS - 1 && strncmp(p, SETTINGS, sizeof SETTINGS - 1) == 0) {
            ps->has = true;
            for (const char *q = p + sizeof SETTINGS - 1; q < p + n;) {
                size_t k = strcspn(q, ",\n");
                d->line = line;
                d->col = (int)(q - p) + 1;
                if (settings_item(q, k, ps, d) != 0) {
                    return -1;
                }
                q += k + (q[k] == ',');
            }
            if (ps->rule == RULE_EQ6 && ps->has_pool && ps->pool == POOL_AVG) {
                d->col = 1;
                snprintf(d->msg, sizeof d->msg, "settings: rule 6 with average pooling (eq. (6) needs max pooling)");
                return -1;
            }
        }
        p += n + (p[n] == '\n');
    }
    return 0;
}

void params_meta_apply(Engine *e, const ParamSettings *ps, StrBuf *said)
{
    if (!ps->has) {
        return;
    }
    const NetSpec *s = &e->net->spec;
    if (ps->has_act && !s->per_layer && (ps->act != s->act || (ps->has_pool && ps->pool != s->pool_mode))) {
        engine_set_model(e, ps->act, ps->has_pool ? ps->pool : s->pool_mode);
    } else if (ps->has_pool && ps->pool != s->pool_mode) {
        engine_set_pool(e, ps->pool);
    }
    if (ps->has_loss && ps->loss != s->loss) {
        engine_set_loss(e, ps->loss);
    }
    if (ps->rule != 0 && ps->rule != e->net->rule) {
        (void)engine_set_rule(e, ps->rule); /* checked by params_meta_settings */
    }
    sb_printf(said, "rule %d, ", e->net->rule == RULE_EQ5 ? 5 : 6);
    if (!s->per_layer) {
        sb_printf(said, "activation %s, ", act_name(s->act));
    }
    sb_printf(said, "%s pooling, loss %s", s->pool_mode == POOL_MAX ? "max" : "average",
              s->loss == LOSS_CE ? "ce" : "mse");
}
