import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { insertAt, TemplateInput } from './TemplateInput';

function Harness() {
  const [value, setValue] = useState('https://shop.test/orders/.json');
  return (
    <TemplateInput
      id="url"
      ariaLabel="URL"
      value={value}
      onChange={setValue}
      placeholders={['order_id', 'contact.id']}
    />
  );
}

describe('TemplateInput', () => {
  it('inserts the chosen placeholder where the cursor is', async () => {
    render(<Harness />);
    const input = screen.getByRole('textbox', { name: 'URL' }) as HTMLInputElement;
    input.focus();
    input.setSelectionRange(25, 25);
    await userEvent.keyboard('{Shift>}{/Shift}');
    await userEvent.click(screen.getByRole('button', { name: 'Insert a placeholder into URL' }));
    await userEvent.click(screen.getByRole('menuitem', { name: 'order_id' }));
    expect(input.value).toBe('https://shop.test/orders/{{order_id}}.json');
  });

  it('replaces a selection', () => {
    expect(insertAt('a XX b', 2, 4, '{{x}}')).toBe('a {{x}} b');
  });
});
