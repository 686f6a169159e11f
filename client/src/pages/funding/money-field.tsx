import { splitProps, type ComponentProps } from 'solid-js';
import { TextField } from '~/components/field.tsx';
import { locale } from '~/i18n/i18n.ts';
import { formatMoneyInput, parseMoneyInput } from '~/lib/money-input.ts';

/** An amount in đồng, typed with or without the locale's thousands separator and regrouped on leaving the field. */
export default function MoneyField(props: Omit<ComponentProps<typeof TextField>, 'value' | 'inputMode' | 'onBlur'> & { value?: number | undefined }) {
  const [own, rest] = splitProps(props, ['value']);
  return (
    <TextField
      {...rest}
      inputMode="numeric"
      value={own.value === undefined ? '' : formatMoneyInput(own.value, locale())}
      onBlur={(e) => {
        const parsed = parseMoneyInput(e.currentTarget.value, locale());
        if ('value' in parsed) e.currentTarget.value = formatMoneyInput(parsed.value, locale());
      }}
    />
  );
}
